export const pingSubjectFor = (service: string): string => `${service}.v1.ping`;
