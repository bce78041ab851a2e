/**
 * Health terms (GDPR art. 9, special category), Dutch and English: conditions, medicines,
 * treatments and care settings. Lower case; matched as whole words or phrases. Kept as data so
 * that it can grow without touching the matcher.
 */
export const HEALTH_TERMS: readonly string[] = [
  // conditions — Dutch
  'diabetes', 'suikerziekte', 'astma', 'copd', 'kanker', 'borstkanker', 'longkanker', 'darmkanker', 'prostaatkanker', 'huidkanker', 'leukemie', 'tumor', 'tumoren',
  'depressie', 'depressief', 'burn-out', 'burnout', 'angststoornis', 'paniekaanvallen', 'paniekstoornis', 'ptss', 'adhd', 'autisme', 'bipolair', 'bipolaire stoornis',
  'schizofrenie', 'psychose', 'eetstoornis', 'anorexia', 'boulimia', 'verslaving', 'verslaafd', 'alcoholisme', 'dementie', 'alzheimer', 'parkinson', 'epilepsie',
  'multiple sclerose', 'ms-patiënt', 'reuma', 'reumatoïde artritis', 'artrose', 'jicht', 'hartinfarct', 'hartaanval', 'hartfalen', 'hartritmestoornis', 'boezemfibrilleren',
  'beroerte', 'herseninfarct', 'hersenbloeding', 'hoge bloeddruk', 'hypertensie', 'cholesterol', 'nierfalen', 'nierziekte', 'dialyse', 'levercirrose', 'hepatitis',
  'hiv', 'aids', 'soa', 'chlamydia', 'syfilis', 'gonorroe', 'herpes', 'tuberculose', 'corona', 'covid', 'covid-19', 'long covid', 'griep', 'longontsteking',
  'migraine', 'hernia', 'fibromyalgie', 'crohn', 'ziekte van crohn', 'colitis', 'prikkelbare darm', 'coeliakie', 'glutenallergie', 'allergie', 'pinda-allergie',
  'zwanger', 'zwangerschap', 'miskraam', 'abortus', 'ivf', 'onvruchtbaar', 'onvruchtbaarheid', 'bevalling', 'bevallen', 'kraambed', 'postnatale depressie',
  'handicap', 'gehandicapt', 'rolstoel', 'blind', 'slechtziend', 'doof', 'slechthorend', 'dyslexie', 'downsyndroom', 'syndroom van down', 'chronisch ziek',
  'ziek', 'ziekte', 'ziekenhuis', 'opgenomen', 'intensive care', 'spoedeisende hulp', 'eerste hulp', 'huisarts', 'specialist', 'psycholoog', 'psychiater',
  'ggz', 'fysiotherapie', 'fysiotherapeut', 'revalidatie', 'thuiszorg', 'mantelzorg', 'verpleeghuis', 'hospice', 'palliatief', 'terminaal', 'euthanasie',
  'diagnose', 'gediagnosticeerd', 'operatie', 'geopereerd', 'chemo', 'chemotherapie', 'bestraling', 'radiotherapie', 'immunotherapie', 'transplantatie',
  'bloedtransfusie', 'bloedonderzoek', 'mri', 'ct-scan', 'biopsie', 'therapie', 'medicatie', 'medicijnen', 'medicijn', 'pillen', 'recept', 'apotheek',
  'insuline', 'metformine', 'ventolin', 'salbutamol', 'prednison', 'paracetamol', 'ibuprofen', 'oxazepam', 'diazepam', 'temazepam', 'lorazepam', 'ritalin',
  'methylfenidaat', 'concerta', 'sertraline', 'fluoxetine', 'paroxetine', 'citalopram', 'venlafaxine', 'lithium', 'quetiapine', 'olanzapine', 'risperidon',
  'antidepressiva', 'antidepressivum', 'antipsychotica', 'slaappillen', 'methadon', 'morfine', 'oxycodon', 'tramadol', 'fentanyl', 'codeïne',
  'bloedverdunners', 'bloedverdunner', 'acenocoumarol', 'warfarine', 'sintrom', 'xarelto', 'eliquis', 'statine', 'simvastatine', 'atorvastatine', 'omeprazol',
  'pantoprazol', 'levothyroxine', 'thyrax', 'schildklier', 'anticonceptie', 'de pil', 'morning-afterpil', 'prep', 'antiretrovirale', 'antibiotica', 'antibioticum',
  'amoxicilline', 'epipen', 'inhalator', 'puffer', 'insulinepomp', 'insulinepen', 'pacemaker', 'stoma', 'katheter', 'prothese', 'gehoorapparaat',
  // conditions and treatments — English
  'diabetic', 'type 1 diabetes', 'type 2 diabetes', 'asthma', 'cancer', 'breast cancer', 'lung cancer', 'leukaemia', 'leukemia', 'tumour', 'tumor', 'lymphoma',
  'depression', 'depressed', 'anxiety', 'anxiety disorder', 'panic attacks', 'ptsd', 'autism', 'autistic', 'bipolar', 'bipolar disorder', 'schizophrenia',
  'psychosis', 'eating disorder', 'addiction', 'addicted', 'alcoholism', 'dementia', "alzheimer's", "parkinson's", 'epilepsy', 'multiple sclerosis',
  'arthritis', 'rheumatoid arthritis', 'heart attack', 'heart failure', 'heart disease', 'stroke', 'high blood pressure', 'kidney failure', 'kidney disease',
  'dialysis', 'cirrhosis', 'hiv positive', 'hiv-positive', 'std', 'sti', 'tuberculosis', 'pneumonia', 'migraines', 'crohn\'s', "crohn's disease",
  'ibs', 'coeliac', 'celiac', 'allergy', 'allergic', 'pregnant', 'pregnancy', 'miscarriage', 'abortion', 'infertility', 'infertile', 'postnatal depression',
  'disability', 'disabled', 'wheelchair', 'deaf', 'hard of hearing', 'visually impaired', 'dyslexia', 'down syndrome', 'chronic illness', 'chronically ill',
  'hospital', 'hospitalised', 'hospitalized', 'intensive care', 'icu', 'emergency room', 'a&e', 'gp', 'psychiatrist', 'psychologist', 'therapist',
  'physiotherapy', 'rehab', 'rehabilitation', 'nursing home', 'palliative', 'terminal', 'terminally ill', 'diagnosis', 'diagnosed', 'surgery', 'operation',
  'chemotherapy', 'radiotherapy', 'radiation therapy', 'immunotherapy', 'transplant', 'blood transfusion', 'blood test', 'mri scan', 'ct scan', 'biopsy',
  'therapy', 'medication', 'medications', 'medicine', 'medicines', 'prescription', 'pharmacy', 'insulin', 'metformin', 'inhaler', 'prednisone', 'antidepressants',
  'antidepressant', 'antipsychotics', 'sleeping pills', 'methadone', 'morphine', 'oxycodone', 'blood thinners', 'blood thinner', 'warfarin', 'statins',
  'levothyroxine', 'thyroid', 'contraception', 'birth control', 'antiretrovirals', 'antibiotics', 'insulin pump', 'hearing aid', 'sick', 'illness', 'ill',
];
