// What every request of the overhead benchmark is answered with, on loopback and at the transport seam alike.
export const BODY = JSON.stringify({
  accountId: '5b10a2844c20165700ede21g',
  displayName: 'Ada Lovelace',
  active: true,
});
