// Staff of a tenant: roles, departments (Fachbereiche), invitations by e-mail.
export { invitationRoutes, staffRoutes } from './staff.routes.ts';
export { createDepartment, inviteStaff } from './staff.service.ts';
