// Page sizes of the API's paged lists, shared by the API's schemas and the web app (without zod).

/** Rows per page when the caller does not say. */
export const DEFAULT_PAGE = 100;
/** The most rows a caller may ask for in one page. */
export const MAX_PAGE = 500;

/**
 * Arrows a clearing cycle's graphs draw at most (the largest flows, in its detail). Past a few
 * dozen the labels cannot stay clear of each other (placing them is quadratic) and a reader could
 * not follow them; the cycle's flows list pages through every one.
 */
export const GRAPH_FLOWS = 30;

/** Finished clearing cycles the clearing overview shows at least (GET /clearing/cycles pages through every one). */
export const RECENT_FINISHED_CYCLES = 5;
