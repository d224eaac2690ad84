/** The part of jStat (no published types) that Greenlight uses: Student's t distribution. */
declare module 'jstat' {
  interface JStat {
    studentt: { cdf(x: number, dof: number): number };
  }
  const jStat: JStat & { jStat: JStat };
  export default jStat;
}
