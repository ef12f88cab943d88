/** The grades a stock can carry (product.md section 5 "Stocks"). */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
