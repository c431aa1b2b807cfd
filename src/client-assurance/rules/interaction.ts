// The interactions a client rule can be about: its own module, so that the request view and the rule
// shape can both name it without importing each other.

/** The interactions a client rule can be about ('any': every request). */
export type ClientInteraction = 'search' | 'create' | 'supersede' | 'delete' | 'any';
