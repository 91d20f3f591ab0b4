export * from './campaign-enums.js';
export * from './campaign-events.js';
export * from './campaign-dashboard.dto.js';
export * as GetCampaignDashboard from './get-campaign-dashboard.contract.js';
export * as ListDashboardLines from './list-dashboard-lines.contract.js';
export * as ExportCalls from './export-calls.contract.js';
export * as CompanyTimeline from './company-timeline.contract.js';
export { TimelineCall, TimelineItem, TimelineOffer, TIMELINE_ITEM_TYPES, type TimelineItemType } from './company-timeline.contract.js';
export { EXPORT_PAGE_SIZE, type ExportedCall, type ExportedOffer } from './export-calls.contract.js';
