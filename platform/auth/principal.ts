/** The verified caller of a request: built only from a token whose signature, issuer, audience, expiry and revocation were checked. */
export interface Principal {
  /** Subject (user or system id) from the token's `sub`. */
  sub: string;
  /** Organisation the caller acts for (`org` claim); null when the token has none (then no organisation-bound rule matches). */
  org: string | null;
  /** Roles from the `roles` claim (array, or one space-separated string). */
  roles: string[];
  /** SMART-on-openEHR scopes from the `scope` claim; null when the token has no `scope` claim (no narrowing). */
  scopes: string[] | null;
  /** Token id (`jti`), used for revocation. */
  jti: string | null;
  /** Launch context: the EHR a `patient/` scope is bound to (`ehrId` claim). */
  ehrId: string | null;
  /** Purpose of use the caller acts under (`purpose` claim, an HL7 v3 PurposeOfUse code such as TREAT); null when the token names none. */
  purpose: string | null;
  issuer: string;
  expiresAt: Date | null;
}
