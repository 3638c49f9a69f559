// Nothing: the start-up benchmark measures what loading a package costs before its code does anything.
export {};
