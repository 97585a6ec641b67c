// A command whose output is cut short by its reader (`npm run trace … | head`) ends quietly, as
// coreutils do on SIGPIPE, instead of dying on an unhandled EPIPE.
export function quietOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
}
