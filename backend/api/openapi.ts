import { z } from "zod";
import { ACCESS_TEXT } from "./access.js";
import { ERROR_STATUS, type ErrorCode } from "../../core/api/errors.js";
import type { ServiceManifest } from "../../core/services/manifest.js";
import { isGated } from "./serviceGate.js";
import type { RouteDef } from "./route.js";
import { errorBody } from "../../core/api/schemas/common.js";
import { apiSchemas } from "../../core/api/schemas/registry.js";
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

/** The security scheme of every non-public operation: the session token from POST /api/auth/verify. */
const BEARER = "bearerAuth";

/** What each tag groups (every operation's tag must be listed here). */
const TAGS: Record<string, string> = {
  platform: "The platform's own state: chain, deployment and indexer progress.",
  network: "The consortium's Besu network: the node registry, node allowlists, validators and the permissioning operator.",
  services: "The CDC's service catalog: the system, basic and applied repositories.",
  clusters: "Clusters: configuration, members, network and the members' directory.",
  auth: "Sign-In with Ethereum (EIP-4361) and the session it opens.",
  documents: "Documents anchored in a cluster, their content and its verification.",
  agreements: "Agreements between a cluster's members, their milestones and signatures.",
  clearing: "Obligations and the cluster's clearing (netting and set-off) cycles.",
  governance: "Proposals, votes, applications, initiatives, life cycle and the notification feed.",
};

/** The error codes an operation answers with: its own, and those its access implies. */
function errorCodesOf(route: RouteDef, service?: ServiceManifest): ErrorCode[] {
  const implied: ErrorCode[] =
    route.access === "public"
      ? []
      : route.access === "signedIn"
        ? ["unauthorized"]
        : route.access === "cdc"
          ? ["unauthorized", "forbidden"]
          : ["unauthorized", "forbidden", "not_found"];
  if (isGated(service, route.path)) implied.push("forbidden", "not_found");
  const codes = new Set<ErrorCode>([...route.errors, ...implied]);
  return [...codes].sort((x, y) => ERROR_STATUS[x] - ERROR_STATUS[y]);
}

/** Who may call the operation and which rows each caller sees, in words. */
function audienceOf(route: RouteDef): string {
  return route.audience ? `${ACCESS_TEXT[route.access]} ${route.audience}` : ACCESS_TEXT[route.access];
}

export interface OpenApiInfo {
  title: string;
  version: string;
  /** Where the API is served (config.publicUrl's origin): the document's only server. */
  server: string;
}

/**
 * The OpenAPI 3.1 document of the routes, generated from their zod schemas (JSON Schema
 * 2020-12 is OpenAPI 3.1's dialect), so the document cannot drift from the validation. Each
 * operation declares its security from its route's access (none for public ones) and its
 * audience (`x-access`, `x-audience`): the read model, as clients see it.
 */
export function openApiDocument(
  routes: RouteDef[],
  info: OpenApiInfo,
  serviceOf: (route: RouteDef) => ServiceManifest | undefined = () => undefined,
): JsonSchema {
  const components = z.toJSONSchema(apiSchemas, { uri: REF, io: "output" }) as { schemas: Record<string, JsonSchema> };
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.path.replace(/[:*]([A-Za-z0-9_]+)/g, "{$1}");
    const content = { [route.produces ?? "application/json"]: { schema: responseSchema(route.response) } };
    const headers = { ...(isPaged(route) ? PAGE_HEADERS : {}), ...(route.counted ? COUNT_HEADERS : {}) };
    const responses: Record<string, JsonSchema> = { "200": { description: "OK", content, ...(Object.keys(headers).length > 0 ? { headers } : {}) } };
    if (route.byteRanges) {
      responses["206"] = {
        description: "Partial Content: the requested byte range",
        headers: { "Content-Range": { description: "bytes first-last/size", schema: { type: "string" } } },
        content,
      };
    }
    const service = serviceOf(route);
    for (const code of errorCodesOf(route, service)) {
      responses[String(ERROR_STATUS[code])] = {
        description: ERROR_DESCRIPTION[code],
        content: { "application/json": { schema: responseSchema(errorBody) } },
      };
    }
    (paths[path] ??= {})[route.method] = {
      summary: route.summary,
      description: audienceOf(route),
      tags: [route.tag],
      operationId: `${route.method}${path
        .replace(/[{}]/g, "")
        .replace(/(^|\/)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())
        .replace(/\//g, "")}`,
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
      security: route.access === "public" ? [] : [{ [BEARER]: [] }],
      "x-access": route.access,
      ...(route.audience ? { "x-audience": route.audience } : {}),
      ...(service ? { "x-service": service.id } : {}),
      responses,
    };
  }
  const tags = [...new Set(routes.map((r) => r.tag))].sort().map((name) => {
    const description = TAGS[name];
    if (!description) throw new Error(`The OpenAPI tag "${name}" has no description in openapi.ts TAGS`);
    return { name, description };
  });
  return {
    openapi: "3.1.0",
    info: {
      title: info.title,
      version: info.version,
      description:
        "The API of the Cluster Platform: a consortium ledger's clusters, members, documents, agreements and clearing, read from its index. " +
        "Each operation says who may call it (x-access: public, signedIn, member, memberOrCdc) and which rows each caller sees (x-audience); " +
        "all but the public ones need the bearer session token from POST /api/auth/verify.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: info.server, description: "This platform's API" }],
    tags,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components.schemas).map(([id, s]) => [id, strip(s)])),
      securitySchemes: {
        [BEARER]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "The session token from POST /api/auth/verify, in an Authorization: Bearer header",
        },
      },
    },
  };
}

/** A paged list answers the next page's address in a Link header (see core/api/schemas/page.ts). */
const PAGE_HEADERS = {
  Link: { description: '`<address of the next page>; rel="next"`; absent on the last page', schema: { type: "string" } },
};

/** A counted list also says how many rows match its search, over every page. */
const COUNT_HEADERS = {
  "X-Total-Count": { description: "How many rows match the search (`q`), over every page", schema: { type: "integer" } },
};

function isPaged(route: RouteDef): boolean {
  return route.query instanceof z.ZodObject && "after" in route.query.shape;
}

/** What each error status means, for the responses' descriptions. */
const ERROR_DESCRIPTION: Record<ErrorCode, string> = {
  bad_request: "Bad Request: the input is malformed (the message says what)",
  unauthorized: "Unauthorized: no session, or the session token is not valid or has expired",
  forbidden: "Forbidden: the caller may not read or do this (the message says why)",
  not_found: "Not Found",
  conflict: "Conflict with the current state",
  payload_too_large: "Payload Too Large",
  unsupported_media_type: "Unsupported Media Type",
  range_not_satisfiable: "Range Not Satisfiable",
  unprocessable: "Unprocessable Content",
  too_many_requests: "Too Many Requests",
  internal: "Internal Server Error",
  bad_gateway: "Bad Gateway: the external service failed or answered something the gateway refuses (the message says what)",
  service_unavailable: "Service Unavailable",
  gateway_timeout: "Gateway Timeout: the external service did not answer in time",
};

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
