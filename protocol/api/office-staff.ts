/**
 * An office's people (trust model 12): who am I, the employee list, one-time invite codes, and
 * removal. Admission (certificate and key grants) is in office-keys.ts, because it hands over keys.
 */
import * as v from 'valibot';
import { EmployeeCertificateSchema } from '../data-request.ts';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { IdSchema, PublicKeySchema, TimeMsSchema } from '../wire-primitives.ts';
import { DisplayNameSchema as DisplayName } from './auth.ts';
import { OfficeAccountSchema, OfficeRoleSchema } from './office-join.ts';
import { type ResponseOf, route } from './route.ts';

/** More than any office employs (removed employees stay listed, so that old audit entries verify). */
export const MAX_EMPLOYEES = 5000;

/** More identity key rotations than an office makes in its certificate's lifetime. */
export const MAX_PREVIOUS_CERTIFICATES = 100;

export const EmployeeSchema = v.strictObject({
  accountId: IdSchema,
  displayName: DisplayName,
  role: OfficeRoleSchema,
  status: v.picklist(['pending', 'active', 'removed']),
  /** The public halves the employee's browser made: sealed grants go to the device key. */
  deviceKey: PublicKeySchema,
  signingKey: PublicKeySchema,
  /** Issued by an admin's browser at admission. */
  certificate: v.nullable(EmployeeCertificateSchema),
  createdAt: TimeMsSchema,
});
export type Employee = v.InferOutput<typeof EmployeeSchema>;

export const officeStaffRoutes = {
  /** The caller, their place in the office and the office's certificate (or the identity key waiting for one). */
  me: route({
    method: 'GET',
    path: '/api/office/me',
    access: 'office-pending',
    response: v.strictObject({
      account: OfficeAccountSchema,
      staff: v.strictObject({
        officeId: IdSchema,
        role: OfficeRoleSchema,
        status: v.picklist(['pending', 'active']),
        certificate: v.nullable(EmployeeCertificateSchema),
      }),
      office: v.strictObject({
        certificate: v.nullable(OfficeCertificateSchema),
        certificateRequest: v.nullable(
          v.strictObject({
            name: OfficeCertificateSchema.entries.name,
            postcodes: OfficeCertificateSchema.entries.postcodes,
            signingKey: PublicKeySchema,
          }),
        ),
        /** Certificates the present one replaced at identity key rotations, oldest first. */
        previousCertificates: v.pipe(v.array(OfficeCertificateSchema), v.maxLength(MAX_PREVIOUS_CERTIFICATES)),
        /** A new identity key waiting for the deployment's certificate after a rotation request. */
        rotationRequest: v.nullable(v.strictObject({ nextKey: PublicKeySchema, requestedAt: TimeMsSchema })),
      }),
    }),
    errors: [],
  }),
  employees: route({
    method: 'GET',
    path: '/api/office/employees',
    access: 'office',
    response: v.strictObject({ employees: v.pipe(v.array(EmployeeSchema), v.maxLength(MAX_EMPLOYEES)) }),
    errors: [],
  }),
  /** A one-time code for a new colleague, shown once to the admin; only its hash is kept. */
  invite: route({
    method: 'POST',
    path: '/api/office/invites',
    access: 'office-admin',
    body: v.strictObject({ role: OfficeRoleSchema }),
    status: 201,
    response: v.strictObject({ code: v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{24}$/)), expiresAt: TimeMsSchema }),
    errors: [],
  }),
  /** Ends the employee's sessions, deletes their passkeys and key grants; their row stays (removed). */
  remove: route({
    method: 'DELETE',
    path: '/api/office/employees/:accountId',
    access: 'office-admin',
    params: v.object({ accountId: IdSchema }),
    response: v.strictObject({ removed: v.literal(true) }),
    errors: ['remove_self', 'unknown_employee'],
  }),
} as const;

export type Me = ResponseOf<typeof officeStaffRoutes.me>;
