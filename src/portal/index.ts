/** The portal context's public face: other contexts import from here only. */
export { PortalErrors } from './errors.ts';
export { ACTING_HEADER, portalRoutes } from './routes.ts';
export { PortalService } from './service.ts';
