#include "sim/net/loss_model.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace wirelab::sim {

namespace {
void requireProbability(double v, const char* name) {
  if (!(v >= 0.0 && v <= 1.0)) {
    throw std::invalid_argument(std::string("loss model: ") + name + " must lie in [0, 1], got " +
                                std::to_string(v));
  }
}
}  // namespace

BernoulliLoss::BernoulliLoss(double lossProbability, RandomStream stream)
    : m_p(lossProbability), m_stream(stream) {
  requireProbability(lossProbability, "loss probability");
}

std::string BernoulliLoss::describe() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "bernoulli(%.6g%%)", m_p * 100);
  return buf;
}

GilbertElliottLoss::GilbertElliottLoss(Parameters parameters, RandomStream stream)
    : m_params(parameters), m_stream(stream) {
  requireProbability(parameters.goodToBad, "goodToBad (p)");
  requireProbability(parameters.badToGood, "badToGood (r)");
  requireProbability(parameters.lossInGood, "lossInGood");
  requireProbability(parameters.lossInBad, "lossInBad");
  if (parameters.goodToBad + parameters.badToGood <= 0.0) {
    throw std::invalid_argument("loss model: goodToBad + badToGood must be positive");
  }
}

bool GilbertElliottLoss::shouldDrop() {
  // Step the chain first, then lose according to the state the packet finds.
  const double u = m_stream.uniform01();
  m_bad = m_bad ? !(u < m_params.badToGood) : (u < m_params.goodToBad);
  const double lossProbability = m_bad ? m_params.lossInBad : m_params.lossInGood;
  if (lossProbability <= 0.0) return false;
  if (lossProbability >= 1.0) return true;
  return m_stream.uniform01() < lossProbability;
}

double GilbertElliottLoss::expectedLossRate() const {
  const double p = m_params.goodToBad;
  const double r = m_params.badToGood;
  return (r * m_params.lossInGood + p * m_params.lossInBad) / (p + r);
}

std::string GilbertElliottLoss::describe() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "gilbert-elliott(p=%.6g, r=%.6g, k=%.6g, h=%.6g)", m_params.goodToBad,
                m_params.badToGood, m_params.lossInGood, m_params.lossInBad);
  return buf;
}

ListLoss::ListLoss(std::vector<std::uint64_t> positions) : m_positions(std::move(positions)) {
  std::sort(m_positions.begin(), m_positions.end());
  m_positions.erase(std::unique(m_positions.begin(), m_positions.end()), m_positions.end());
}

bool ListLoss::shouldDrop() {
  const std::uint64_t position = m_seen++;
  if (m_next < m_positions.size() && m_positions[m_next] == position) {
    ++m_next;
    return true;
  }
  return false;
}

std::string ListLoss::describe() const {
  std::string text = "list(";
  for (std::size_t i = 0; i < m_positions.size(); ++i)
    text += (i ? "," : "") + std::to_string(m_positions[i]);
  return text + ")";
}

}  // namespace wirelab::sim
