// A stock js-libp2p peer (TCP, TLS, yamux, ping, identify) for the interoperability tests.
//
//   node libp2p-peer.mjs listen [ed25519|secp256k1]
//       prints "LISTENING <multiaddr>", then one line per event:
//       "IDENTIFIED <peer> <json>" when identify of an inbound peer finishes,
//       "IDENTIFY-FAILED <peer> <reason>"; runs until killed or stdin closes.
//   node libp2p-peer.mjs dial <multiaddr> <pings> [ed25519|secp256k1]
//       dials, pings <pings> times, runs identify, prints "PING <ms>" lines and
//       "IDENTIFIED <peer> <json>", then "DONE"; exit status 1 on any failure.
import './polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { yamux } from '@chainsafe/libp2p-yamux'
import { ping } from '@libp2p/ping'
import { identify } from '@libp2p/identify'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'

const [mode, ...args] = process.argv.slice(2)
const keyType = (mode === 'dial' ? args[2] : args[0]) ?? 'ed25519'
const privateKey = await generateKeyPair(keyType === 'secp256k1' ? 'secp256k1' : 'Ed25519')

function describe (result) {
  return JSON.stringify({
    peerId: result.peerId.toString(),
    protocolVersion: result.protocolVersion,
    agentVersion: result.agentVersion,
    protocols: result.protocols,
    listenAddrs: result.listenAddrs.map(a => a.toString()),
    observedAddr: result.observedAddr?.toString()
  })
}

const node = await createLibp2p({
  privateKey,
  addresses: { listen: mode === 'listen' ? ['/ip4/127.0.0.1/tcp/0'] : [] },
  transports: [tcp()],
  connectionEncrypters: [tls()],
  streamMuxers: [yamux()],
  services: {
    ping: ping(),
    identify: identify({ runOnConnectionOpen: mode === 'listen' })
  }
})

if (mode === 'listen') {
  node.addEventListener('peer:identify', evt => {
    console.log(`IDENTIFIED ${evt.detail.peerId} ${describe(evt.detail)}`)
  })
  await node.start()
  console.log(`LISTENING ${node.getMultiaddrs()[0].toString()}`)
  process.stdin.resume()
  process.stdin.on('end', async () => { await node.stop(); process.exit(0) })
} else if (mode === 'dial') {
  const [address, count] = args
  try {
    await node.start()
    const target = multiaddr(address)
    const connection = await node.dial(target)
    console.log(`CONNECTED ${connection.remotePeer} ${connection.encryption} ${connection.multiplexer}`)
    for (let i = 0; i < Number(count ?? 1); i++) {
      console.log(`PING ${await node.services.ping.ping(target)}`)
    }
    const result = await node.services.identify.identify(connection)
    result.peerId = connection.remotePeer
    console.log(`IDENTIFIED ${connection.remotePeer} ${describe(result)}`)
    console.log('DONE')
    await node.stop()
    process.exit(0)
  } catch (e) {
    console.log(`FAILED ${e.name}: ${e.message}`)
    process.exit(1)
  }
} else {
  console.error('usage: libp2p-peer.mjs listen [key] | dial <multiaddr> <pings> [key]')
  process.exit(2)
}
