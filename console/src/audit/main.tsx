import { mountPage } from '../common/page.tsx';
import { AuditEvents } from './AuditEvents.tsx';
import { EmergencyAccesses } from './EmergencyAccesses.tsx';

mountPage(
  'Audit',
  <>
    <AuditEvents />
    <EmergencyAccesses />
  </>,
);
