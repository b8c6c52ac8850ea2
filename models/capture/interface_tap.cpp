#include "models/capture/interface_tap.h"

namespace wirelab::models::capture {

InterfaceTap::InterfaceTap(sim::Interface& outgoing, sim::Interface& incoming, PacketEncoder& encoder,
                           wirelab::capture::PcapWriter& out)
    : m_outgoing(&outgoing), m_incoming(&incoming), m_encoder(&encoder), m_out(&out) {
  m_outgoingSubscription =
      outgoing.dequeued.connect([this](const sim::Packet& p, sim::SimTime at) { record(p, at); });
  m_incomingSubscription =
      incoming.received.connect([this](const sim::Packet& p, sim::SimTime at) { record(p, at); });
}

InterfaceTap::~InterfaceTap() {
  m_outgoing->dequeued.disconnect(m_outgoingSubscription);
  m_incoming->received.disconnect(m_incomingSubscription);
}

void InterfaceTap::record(const sim::Packet& p, sim::SimTime at) {
  m_out->append((at - sim::SimTime::zero()).nanoseconds(), m_encoder->encode(p), p.sizeBytes);
}

}  // namespace wirelab::models::capture
