// Page sizes of the API's paged lists, shared by the API's schemas and the web app (without zod).

/** Rows per page when the caller does not say. */
export const DEFAULT_PAGE = 100;
/** The most rows a caller may ask for in one page. */
export const MAX_PAGE = 500;
