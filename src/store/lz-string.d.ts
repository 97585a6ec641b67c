// lz-string 1.5.0 ships no type declarations in its npm package: the functions this app uses.
declare module 'lz-string' {
  const LZString: {
    compressToEncodedURIComponent(input: string): string;
    decompressFromEncodedURIComponent(input: string): string | null;
    compressToUTF16(input: string): string;
    decompressFromUTF16(input: string): string | null;
  };
  export default LZString;
}
