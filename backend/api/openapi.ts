import { z } from "zod";
import { ERROR_STATUS } from "./errors.js";
import type { RouteDef } from "./route.js";
import { errorBody } from "./schemas/common.js";
import { apiSchemas } from "./schemas/registry.js";
import { UPLOAD_FIELD } from "./uploadSource.js";

type JsonSchema = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** A registered schema becomes a $ref; anything else is inlined. */
function responseSchema(schema: z.ZodType): JsonSchema {
  const id = apiSchemas.get(schema)?.id;
  return id ? { $ref: REF(id) } : strip(z.toJSONSchema(schema, { io: "output" }) as JsonSchema);
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query" | "header"): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: "input" }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * The OpenAPI 3.1 document of the routes, generated from their zod schemas (JSON Schema
 * 2020-12 is OpenAPI 3.1's dialect), so the document cannot drift from the validation.
 */
export function openApiDocument(routes: RouteDef[], info: { title: string; version: string }): JsonSchema {
  const components = z.toJSONSchema(apiSchemas, { uri: REF, io: "output" }) as { schemas: Record<string, JsonSchema> };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const content = { [route.produces ?? "application/json"]: { schema: responseSchema(route.response) } };
    const responses: Record<string, JsonSchema> = { "200": { description: "OK", content } };
    if (route.byteRanges) {
      responses["206"] = {
        description: "Partial Content: the requested byte range",
        headers: { "Content-Range": { description: "bytes first-last/size", schema: { type: "string" } } },
        content,
      };
    }
    for (const code of route.errors) {
      responses[String(ERROR_STATUS[code])] = {
        description: code,
        content: { "application/json": { schema: responseSchema(errorBody) } },
      };
    }
    (paths[path] ??= {})[route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${path.replace(/[{}]/g, "").replace(/(^|\/)([a-z])/g, (_m, _s, c: string) => c.toUpperCase()).replace(/\//g, "")}`,
      parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query"), ...parameters(route.headers, "header")],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: strip(z.toJSONSchema(route.body, { io: "input" }) as JsonSchema) } },
            },
          }
        : {}),
      ...(route.rawBody
        ? {
            requestBody: {
              required: true,
              description: route.rawBody.description,
              content: binaryContent(route.rawBody.mediaType),
            },
          }
        : {}),
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).map(([id, s]) => [id, strip(s)])),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "From POST /api/auth/verify" },
      },
    },
  };
}

/** Each media type of a non-JSON body, as binary (a form: its file field, binary). */
function binaryContent(mediaType: string | readonly string[]): Record<string, { schema: JsonSchema }> {
  const binary = { type: "string", format: "binary" };
  const content: Record<string, { schema: JsonSchema }> = {};
  for (const type of typeof mediaType === "string" ? [mediaType] : mediaType) {
    const form = { type: "object", properties: { [UPLOAD_FIELD]: binary }, required: [UPLOAD_FIELD] };
    content[type] = { schema: type === "multipart/form-data" ? form : binary };
  }
  return content;
}
