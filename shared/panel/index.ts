// The panel port and its Pterodactyl implementation.
export * from './errors.js';
export { apiRoot, PanelHttp, type PanelRequest, type PanelResponse } from './http.js';
export { customerExternalId, newUserFields, PterodactylPanel, usernameFor } from './pterodactyl.js';
export type * from './types.js';
