// js-libp2p 3.x uses Promise.withResolvers (Node 22+); this gives it to Node 20.
// Imported before libp2p, as the first import of libp2p-peer.mjs.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve
    let reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
