import { mountPage } from '../common/page.tsx';
import { ExplainPanel } from './ExplainPanel.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';

mountPage(
  'Policies',
  <>
    <PolicyEditor />
    <ExplainPanel />
  </>,
);
