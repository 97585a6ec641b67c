// An edit that cannot be made, with the reason in words a user understands.
export class Refused extends Error {}

export function refuse(message: string): never {
  throw new Refused(message);
}
