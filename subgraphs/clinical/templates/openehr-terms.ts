// Rubrics (English) of the openehr terminology codes templates commonly constrain: composition category,
// event context setting, ISM states and transitions, null flavours. Used for labels and example values.
const RUBRICS: Record<string, string> = {
  '431': 'persistent', '433': 'event', '451': 'episodic',
  '225': 'home', '227': 'emergency care', '228': 'primary medical care', '229': 'primary nursing care',
  '230': 'primary allied health care', '231': 'midwifery care', '232': 'secondary medical care',
  '233': 'secondary nursing care', '234': 'secondary allied health care', '235': 'complementary health care',
  '236': 'dental care', '237': 'nursing home care', '238': 'other care',
  '524': 'initial', '526': 'planned', '527': 'postponed', '528': 'cancelled', '529': 'scheduled',
  '245': 'active', '530': 'suspended', '531': 'aborted', '532': 'completed', '533': 'expired',
  '535': 'initiate', '536': 'plan step', '537': 'postpone', '538': 'restore', '539': 'cancel',
  '540': 'postponed step', '541': 'start', '542': 'activate', '543': 'schedule', '544': 'suspend',
  '545': 'suspended step', '546': 'resume', '547': 'abort', '548': 'finish', '549': 'time out',
  '550': 'notify aborted', '551': 'notify completed', '552': 'notify cancelled', '553': 'scheduled step',
  '554': 'active step', '253': 'unknown', '271': 'no information', '272': 'masked', '273': 'not applicable',
};

export function openehrRubric(code: string): string | undefined {
  return RUBRICS[code];
}
