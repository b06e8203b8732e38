// Messages: what staff send (stored as campaigns). Compose once, a version per channel and language, the approval
// workflow, scheduling, corrections and templates; the audience is resolved at send time from consent (never raw
// addresses) and handed to the delivery engine per language. Also the portal's news, and staff test sends.
export { messageRoutes } from './messages.routes.ts';
export { messagePublicRoutes } from './messages.public.routes.ts';
export {
  audienceQuery,
  createCorrection,
  createMessage,
  getMessage,
  listMessages,
  previewMessage,
  type Staff,
  updateMessage,
  type Viewer,
} from './campaigns.service.ts';
export {
  approveMessage,
  cancelMessage,
  performSend,
  rejectMessage,
  scheduledSendJob,
  scheduleMessage,
  sendMessage,
  submitMessage,
} from './workflow.service.ts';
export { getNews, listNews, type NewsItem } from './news.service.ts';
export { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './templates.service.ts';
export { needsApproval, settingsOf as messageSettingsOf, updateMessageSettings } from './settings.service.ts';
export { renderHtml as renderMessageHtml } from './markdown.ts';
export { planRecipients } from './recipients.ts';
export { ownTestTargets, sendTest } from './test-send.service.ts';
