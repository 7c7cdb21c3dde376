/**
 * Thrown before any request when a setting of the demo (an environment variable, an option) is
 * unusable. Its message names the setting and the fix; the demo prints it as is.
 */
export class InvalidSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSettingError';
  }
}
