/** The API names the password fields as sent ("new_password is too easy to guess"); the page says them in words. */
export function passwordWords(message: string): string {
  return message.replace(/^new_password\b/, 'The new password').replace(/^current_password\b/, 'The current password');
}
