// Networks (Landkreis, Verbund): their staff's console API (members, shared templates, a message or a warning to the
// residents of all or chosen member municipalities) and the operator's network administration.
export { networkOperatorRoutes, networkRoutes } from './networks.routes.ts';
export { addMember, createNetwork, listNetworks, removeMember, setNetworkStaff } from './networks.service.ts';
