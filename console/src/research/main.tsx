import { mountPage } from '../shared/page.tsx';
import { Dashboard } from './Dashboard.tsx';
import './research.css';

mountPage('Research dashboard', <Dashboard />);
