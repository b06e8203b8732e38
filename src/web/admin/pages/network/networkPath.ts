// The API path of a network's routes (/api/v1/networks/:network/…), as tenantPath is for municipalities.
export const networkPath = (slug: string, rest = '') => `/api/v1/networks/${encodeURIComponent(slug)}${rest}`;
