import { mountPage } from '../shared/page.tsx';

// Placeholder: the research dashboard (branch i17r) replaces this page and owns src/research/.
mountPage('Research dashboard', <p>The research dashboard is not built yet.</p>);
