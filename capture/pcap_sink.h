// File: capture/pcap_sink.h
// Where a PcapWriter's bytes go: the file header once, then each record whole, in order. A run's
// captures stream to a file on disk (models/scenario/run_captures.cpp, through an atomic file)
// so that a long run does not hold its packets in memory; tests keep them in a MemoryPcapSink.
// A sink that cannot write keeps its error for whoever finishes the file: the writer never fails.
#pragma once

#include <string>
#include <string_view>

namespace wirelab::capture {

class PcapSink {
 public:
  virtual ~PcapSink() = default;
  virtual void write(std::string_view bytes) = 0;
};

class MemoryPcapSink : public PcapSink {
 public:
  void write(std::string_view bytes) override { m_bytes.append(bytes); }
  const std::string& bytes() const { return m_bytes; }

 private:
  std::string m_bytes;
};

}  // namespace wirelab::capture
