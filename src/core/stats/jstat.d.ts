/** The part of jStat (no published types) that Greenlight uses: Student's t and the normal distribution. */
declare module 'jstat' {
  interface JStat {
    studentt: { cdf(x: number, dof: number): number };
    normal: { cdf(x: number, mean: number, sd: number): number };
  }
  const jStat: JStat & { jStat: JStat };
  export default jStat;
}
