// Staff of a tenant: roles, departments (Fachbereiche), invitations by e-mail.
export { staffRoutes } from './staff.routes.ts';
