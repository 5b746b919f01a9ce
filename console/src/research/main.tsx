import { mountPage } from '../common/page.tsx';
import { Dashboard } from './Dashboard.tsx';
import './research.css';

mountPage('Research dashboard', <Dashboard />);
