import { z } from "zod";

/** Named schemas of the API: they become components/schemas of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();
