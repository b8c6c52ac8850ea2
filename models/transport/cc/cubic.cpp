// File: models/transport/cc/cubic.cpp
// CUBIC's window rules, RFC 9438 section 4. Windows are integer bytes as everywhere else; the cubic
// function, K and W_est are computed in doubles in the RFC's units (segments and seconds), and the
// sub-byte part of each ACK's growth is carried so that nothing is lost to truncation.
#include "models/transport/cc/cubic.h"

#include <algorithm>
#include <cmath>

namespace wirelab::models::transport::cc {

Cubic::Cubic(const CongestionConfig& config, bool fastConvergence)
    : LossBasedController(config), m_fastConvergence(fastConvergence) {}

double Cubic::segments(std::uint64_t bytes) const {
  return static_cast<double>(bytes) / static_cast<double>(mss());
}

double Cubic::cubicWindowSegments(double tSeconds) const {
  // RFC 9438 section 4.2, figure 1.
  const double d = tSeconds - m_k;
  return kC * d * d * d + m_wMax;
}

void Cubic::shiftEpoch(sim::SimTime pausedSince, sim::SimTime now) {
  // RFC 9438 section 5.8: t must not include time in which cwnd was not allowed to grow because the
  // flow was application-limited or idle; otherwise the first ACK after the pause would jump cwnd
  // far along the curve. Moving t_epoch forward by the pause resumes the curve where it stopped.
  if (m_epochStart) *m_epochStart += now - pausedSince;
}

void Cubic::onPacketSent(sim::SimTime now, std::uint64_t) {
  // Sending after an idle stretch (nothing in flight): the idle time leaves the epoch, as Linux does
  // on CA_EVENT_TX_START. An app-limited stretch in progress already covers it.
  if (m_idleSince) {
    if (!m_appLimitedSince) shiftEpoch(*m_idleSince, now);
    m_idleSince.reset();
  }
}

void Cubic::onAck(const AckEvent& ack) {
  // RFC 6582 / RFC 9002 section 7.3.2: no growth while a loss episode is open. The epoch was reset
  // by the congestion event and starts again after recovery.
  if (ack.inRecovery) return;

  if (ack.applicationLimited) {
    if (m_epochStart && !m_appLimitedSince) m_appLimitedSince = ack.now;
    // Slow start still feeds HyStart++'s RTT samples; it does not grow an app-limited window.
    if (inSlowStart()) slowStart(ack);
  } else {
    if (m_appLimitedSince) {
      shiftEpoch(*m_appLimitedSince, ack.now);
      m_appLimitedSince.reset();
    }
    std::uint64_t bytesForAvoidance = ack.bytesAcked;
    if (inSlowStart()) bytesForAvoidance = slowStart(ack);
    if (bytesForAvoidance > 0) congestionAvoidance(ack, bytesForAvoidance);
  }

  // Nothing left in flight: the sender is idle until it next sends (see onPacketSent).
  if (ack.bytesInFlight == 0 && m_epochStart && !m_idleSince) m_idleSince = ack.now;
}

void Cubic::startEpoch(sim::SimTime now) {
  // RFC 9438 section 4.2: t_epoch is the start of the current congestion-avoidance stage and
  // cwnd_epoch the window then.
  m_epochStart = now;
  m_carry = 0;
  const double cwndEpoch = segments(m_cwnd);
  if (m_wMaxFromEpoch) {
    // RFC 9438 section 4.10 (slow start left by HyStart++ without a loss: W_max undefined) and
    // section 4.8 (first stage after an RTO): W_max = cwnd_epoch and K = 0, so the window grows
    // along the convex half of the curve from where it is.
    m_wMax = cwndEpoch;
    m_k = 0;
    if (m_cwndPrior == 0) m_cwndPrior = cwndEpoch;  // RFC 9438 section 4.10: cwnd_prior = cwnd
    m_wMaxFromEpoch = false;
  } else {
    // RFC 9438 section 4.2, figure 2: K = cbrt((W_max - cwnd_epoch) / C). After a loss,
    // cwnd_epoch = beta * W_max (without fast convergence) and this is cbrt(W_max (1 - beta) / C).
    // std::cbrt keeps the sign, so an epoch above W_max starts on the convex side.
    m_k = std::cbrt((m_wMax - cwndEpoch) / kC);
  }
  // RFC 9438 section 4.3: the Reno estimate starts from the same window.
  m_wEst = cwndEpoch;
}

void Cubic::congestionAvoidance(const AckEvent& ack, std::uint64_t bytesAcked) {
  if (!m_epochStart) startEpoch(ack.now);
  const double cwndSegments = segments(m_cwnd);
  const double segmentsAcked = segments(bytesAcked);
  const double t = (ack.now - *m_epochStart).seconds();

  // RFC 9438 section 4.3: W_est grows like Reno with the additive increase alpha_cubic that gives
  // Reno's average rate at beta_cubic; once it has regained cwnd_prior, alpha becomes 1 (Reno's).
  const double alpha = m_wEst >= m_cwndPrior ? 1.0 : kAlphaCubic;
  m_wEst += alpha * segmentsAcked / cwndSegments;

  const double wCubicNow = cubicWindowSegments(t);
  if (wCubicNow < m_wEst) {
    // Reno-friendly region: "cwnd SHOULD be set to W_est at each reception of a new ACK".
    const auto estimateBytes = static_cast<std::uint64_t>(m_wEst * static_cast<double>(mss()));
    if (estimateBytes > m_cwnd) {
      m_cwnd = estimateBytes;
      m_cause = "congestion avoidance: Reno-friendly region";
    }
    m_carry = 0;
    return;
  }

  // RFC 9438 section 4.4/4.5: aim at where the curve will be one RTT from now, clamped to
  // [cwnd, 1.5 cwnd], and close (target - cwnd) / cwnd of the gap per segment acknowledged, so that
  // one window of ACKs reaches the target. SRTT is the RTT the transport trusts; before it has one,
  // the latest sample or the minimum will do.
  sim::Duration rtt = ack.smoothedRtt;
  if (rtt <= sim::Duration::zero()) rtt = ack.rttSample;
  if (rtt <= sim::Duration::zero()) rtt = ack.minRtt;
  if (rtt < sim::Duration::zero()) rtt = sim::Duration::zero();
  const double target = std::clamp(cubicWindowSegments(t + rtt.seconds()), cwndSegments, 1.5 * cwndSegments);
  const double growthBytes =
      (target - cwndSegments) / cwndSegments * segmentsAcked * static_cast<double>(mss()) + m_carry;
  const auto whole = static_cast<std::uint64_t>(growthBytes);
  m_carry = growthBytes - static_cast<double>(whole);
  if (whole > 0) {
    m_cwnd += whole;
    // RFC 9438 sections 4.4 and 4.5: below W_max the curve is concave (plateauing towards the last
    // maximum), above it convex (probing for more).
    m_cause = wCubicNow < m_wMax ? "congestion avoidance: CUBIC concave region"
                                 : "congestion avoidance: CUBIC convex region";
  }
}

void Cubic::reduce() {
  const double cwndSegments = segments(m_cwnd);
  // RFC 9438 section 4.7, fast convergence: a loss below the previous maximum means the available
  // bandwidth shrank (a new flow arrived), so remember a lower maximum and release bandwidth sooner.
  // An unknown or forgotten W_max (m_wMaxFromEpoch) is simply replaced.
  if (m_fastConvergence && !m_wMaxFromEpoch && cwndSegments < m_wMax) {
    m_wMax = cwndSegments * (1.0 + kBeta) / 2.0;
  } else {
    m_wMax = cwndSegments;
  }
  m_wMaxFromEpoch = false;
  m_cwndPrior = cwndSegments;
  // RFC 9438 section 4.6: ssthresh = cwnd * beta_cubic, at least the minimum window. The RFC allows
  // cwnd instead of flight_size provided cwnd cannot grow while under-used, which onAck ensures
  // (no growth while application-limited); it is also what Linux does, and it stays right for a
  // QUIC sender whose flight already excludes the packets declared lost.
  m_ssthresh = std::max(m_cwnd * kBetaNumerator / kBetaDenominator, minimumWindow());
  // The next congestion-avoidance stage is a new epoch (section 4.2).
  m_epochStart.reset();
  m_appLimitedSince.reset();
  m_idleSince.reset();
  m_carry = 0;
}

void Cubic::onCongestionEvent(sim::SimTime, std::uint64_t) {
  // RFC 9438 section 4.6: multiplicative decrease, cwnd = max(cwnd * beta_cubic, minimum window).
  stopHystart();
  reduce();
  m_cwnd = m_ssthresh;
  m_cause = "fast retransmit: multiplicative decrease";
}

void Cubic::onRecoveryExit(sim::SimTime) {
  // cwnd was set to ssthresh when the episode began and has not moved; the next ACK outside recovery
  // starts the new epoch (section 4.2), so there is nothing to change here.
}

void Cubic::onRetransmissionTimeout(sim::SimTime, std::uint64_t) {
  // RFC 9438 section 4.8: ssthresh as in section 4.6 (beta_cubic, not Reno's 1/2), cwnd the loss
  // window of RFC 5681 section 3.1; the first congestion-avoidance stage afterwards uses K = 0 and
  // W_max = cwnd at its start, and W_est starts there too (startEpoch).
  stopHystart();
  reduce();
  m_cwnd = mss();
  m_wMaxFromEpoch = true;
  m_cause = "RTO: loss window";
}

}  // namespace wirelab::models::transport::cc
