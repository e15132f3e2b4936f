// An importer's refusal of its whole input, as the problem document the import routes answer with.
import { BadRequestError, ValidationError } from '../errors/catalogue.js';
import { Route53ImportError } from './route53/route53-import-error.js';
import { ZoneFileImportError } from './zonefile/zone-file-import-error.js';

/** An importer's refusal of the whole input as a problem; any other error unchanged. */
export function importProblem(err: unknown): unknown {
  if (err instanceof Route53ImportError) return new BadRequestError(err.message);
  if (err instanceof ZoneFileImportError) return new ValidationError('zonefile', err.line === undefined ? null : `line ${err.line}`, err.message);
  return err;
}
