// Which roles a staff member may hand out: only owners grant "owner".
import { ALL_ROLES, type Role } from '../../../../common/roles.ts';

export const grantableRoles = (actorRole: Role): readonly Role[] => (actorRole === 'owner' ? ALL_ROLES : ALL_ROLES.filter((r) => r !== 'owner'));
