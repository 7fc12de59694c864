/** Reported by /health and written into the User-Agent Port keeps as each entity's datasource. */
export const VERSION = "0.1.0";
