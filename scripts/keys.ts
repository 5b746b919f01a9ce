/**
 * `npm run keys`: prints a new token key pair as environment lines, for deployments that set keys
 * explicitly (docker-compose, production): TOKEN_SIGNING_KEY for whoever issues tokens,
 * TOKEN_PUBLIC_KEY for every service, LINK_ENCRYPTION_KEY for the demographic service and
 * RESEARCH_NOISE_SECRET for the clinical service.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { randomBytes } from 'node:crypto';

const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
console.log(`TOKEN_SIGNING_KEY='${JSON.stringify(await exportJWK(privateKey))}'`);
console.log(`TOKEN_PUBLIC_KEY='${JSON.stringify(await exportJWK(publicKey))}'`);
console.log(`LINK_ENCRYPTION_KEY='${randomBytes(32).toString('base64')}'`);
console.log(`RESEARCH_NOISE_SECRET='${randomBytes(32).toString('base64')}'`);
