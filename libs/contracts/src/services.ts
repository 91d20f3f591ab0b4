/** The four domain services; each is a NATS queue group and owns the PostgreSQL schema of the same name. */
export const SERVICES = ['companies', 'contacts', 'campaigns', 'conventions'] as const;
export type ServiceName = (typeof SERVICES)[number];
