export * as PersonalData from './personal-data.contract.js';
export { CampaignsPersonalData, ContactsPersonalData, PERSONAL_DATA_HOLDERS } from './personal-data.contract.js';
