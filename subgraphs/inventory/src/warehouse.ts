/** The one warehouse of the demo data; imports without a warehouse code go here. */
export const DEFAULT_WAREHOUSE = { code: 'UK-1', name: 'Emporium UK warehouse', country: 'GB' } as const;
