/** The portal context's public face: other contexts import from here only. */

export {
  CorporateInbox,
  type CorporateInboxEntry,
  type CorporateNoticeView,
} from './corporate-inbox.ts';
export { PortalErrors } from './errors.ts';
export { ACTING_HEADER, portalRoutes } from './routes.ts';
export { PortalService } from './service.ts';
