// Types of defects.mjs, for TypeScript readers of the table (the harness and the project's tests).
export type ClientAction = 'create' | 'supersede' | 'delete' | 'search';

export interface ClientDefect {
  name: string;
  description: string;
  /** The subcommands it changes. */
  actions: ClientAction[];
  /** Catalogue requirement ids it breaks; [] for a control. */
  breaks: string[];
  /** Allowed by 1.2.x but not preferred: a warning, not a failure. */
  warningOnly?: true;
  /** Not a defect in 1.2.x: it must not be blamed. */
  control?: true;
  /** How the client treats the answer, not what it sends. */
  handling?: true;
  /** Only for these roles. */
  roles?: ('provider' | 'consumer')[];
  /** On delete, only when deleting by this form. */
  deleteForm?: 'id' | 'master-identifier';
}

export declare const DEFECTS: ClientDefect[];
