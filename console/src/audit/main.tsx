import { mountPage } from '../shared/page.tsx';

mountPage('Audit', <p>The audit view is not built yet.</p>);
