// Label selectors: parsing, matching, conversion from metav1.LabelSelector, canonical text.
export * from './label-selector-error.js';
export * from '../../api/validation/label-validation.js';
export * from './requirement.js';
export * from './selector.js';
export * from './parse-selector.js';
export * from './label-selector-conversion.js';
