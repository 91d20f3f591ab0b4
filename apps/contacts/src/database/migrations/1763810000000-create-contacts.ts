import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written out here rather than read at run time: a migration must not change when the code does.
const AUDITED_FIELD_NAMES = ['firstName', 'lastName', 'jobTitle', 'phone', 'email', 'notes', 'lawfulBasis', 'optedOut'];

export class CreateContacts1763810000000 implements MigrationInterface {
  name = 'CreateContacts1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "contacts"."company_ref" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "deleted_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "company_ref_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "contacts"."contact" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "first_name" varchar(100),
        "last_name" varchar(100) NOT NULL,
        "job_title" varchar(100),
        "phone" varchar(20),
        "email" varchar(254),
        "notes" text,
        "lawful_basis" varchar(20) NOT NULL DEFAULT 'legitimate_interest',
        "opted_out" boolean NOT NULL DEFAULT false,
        "opted_out_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "contact_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "contact_lawful_basis_check" CHECK ("lawful_basis" IN ('legitimate_interest', 'consent')),
        CONSTRAINT "contact_opted_out_at_check" CHECK ("opted_out" = ("opted_out_at" IS NOT NULL))
      )`);
    // A company's contacts are listed by (last_name, id); a deleted company's contacts are found by company.
    await queryRunner.query(
      `CREATE INDEX "contact_organization_id_company_id_last_name_id_idx" ON "contacts"."contact" ("organization_id", "company_id", "last_name", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "contacts"."audit_entry" (
        "sequence" bigint GENERATED ALWAYS AS IDENTITY,
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "entity" varchar(20) NOT NULL,
        "entity_id" uuid NOT NULL,
        "action" varchar(20) NOT NULL,
        "actor_user_id" uuid,
        "actor_role" varchar(20),
        "fields" text[] NOT NULL DEFAULT '{}',
        "request_id" uuid,
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("sequence"),
        CONSTRAINT "audit_entry_id_key" UNIQUE ("id"),
        CONSTRAINT "audit_entry_entity_check" CHECK ("entity" IN ('contact')),
        CONSTRAINT "audit_entry_action_check" CHECK ("action" IN ('created', 'updated', 'opted_out', 'exported', 'erased')),
        -- Field names only: a value written here by mistake is refused.
        CONSTRAINT "audit_entry_fields_check" CHECK ("fields" <@ ARRAY[${AUDITED_FIELD_NAMES.map((name) => `'${name}'`).join(', ')}]::text[])
      )`);
    await queryRunner.query(
      `CREATE INDEX "audit_entry_organization_id_entity_entity_id_sequence_idx" ON "contacts"."audit_entry" ("organization_id", "entity", "entity_id", "sequence")`,
    );
    // Append-only, enforced by the database rather than by the code's good manners.
    await queryRunner.query(`
      CREATE FUNCTION "contacts"."audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'contacts.audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_entry_no_update_or_delete" BEFORE UPDATE OR DELETE ON "contacts"."audit_entry"
        FOR EACH ROW EXECUTE FUNCTION "contacts"."audit_entry_append_only"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "contacts"."audit_entry"
        FOR EACH STATEMENT EXECUTE FUNCTION "contacts"."audit_entry_append_only"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contacts"."audit_entry"`);
    await queryRunner.query(`DROP FUNCTION "contacts"."audit_entry_append_only"()`);
    await queryRunner.query(`DROP TABLE "contacts"."contact"`);
    await queryRunner.query(`DROP TABLE "contacts"."company_ref"`);
  }
}
