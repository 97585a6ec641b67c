// Comparing one send across router types and backends (issue 14 point 7, issue 15 point 6).
export * from './compare';
export type * from './summary';
export { summarizeSend } from './summary';
export * from './variants';
