import { mountPage } from '../shared/page.tsx';

mountPage('Policies', <p>The policy editor is not built yet.</p>);
