// EventStream: event syntax, multi-line data, comments, queue limit and close callbacks.
#include "http/sse.hpp"

#include <gtest/gtest.h>

namespace plumbline::http {

TEST(Sse, FormatsIdEventAndData) {
  EXPECT_EQ(format_event("lead_new", "{\"a\":1}", "42"),
            "id: 42\nevent: lead_new\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(format_event("", "x", ""), "data: x\n\n");
}

TEST(Sse, SplitsMultiLineDataAndFlattensNames) {
  EXPECT_EQ(format_event("a\nb", "one\ntwo\r\nthree\rfour", "1\n2"),
            "id: 1 2\nevent: a b\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
}

TEST(Sse, QueuesUntilTakenAndWakes) {
  EventStream s(std::chrono::seconds(5));
  int wakes = 0;
  s.set_waker([&] { ++wakes; });
  EXPECT_TRUE(s.comment("hello\nworld"));
  EXPECT_TRUE(s.retry(std::chrono::milliseconds(3000)));
  EXPECT_TRUE(s.send("e", "d", "7"));
  EXPECT_EQ(wakes, 3);
  EXPECT_EQ(s.take(), ": hello world\n\nretry: 3000\n\nid: 7\nevent: e\ndata: d\n\n");
  EXPECT_EQ(s.take(), "");
  EXPECT_EQ(s.heartbeat(), std::chrono::seconds(5));
}

TEST(Sse, CloseRunsCallbacksOnceAndRefusesMore) {
  EventStream s;
  int closed = 0;
  s.on_close([&] { ++closed; });
  s.close();
  s.close();
  EXPECT_EQ(closed, 1);
  EXPECT_TRUE(s.closed());
  EXPECT_FALSE(s.send("e", "d"));
  s.on_close([&] { ++closed; });  // registered late: runs at once
  EXPECT_EQ(closed, 2);
}

TEST(Sse, ASlowReaderIsCutOffAtTheLimit) {
  EventStream s(std::chrono::seconds(15), 64);
  int closed = 0;
  s.on_close([&] { ++closed; });
  EXPECT_TRUE(s.send("e", std::string(20, 'x')));
  EXPECT_FALSE(s.send("e", std::string(80, 'x')));
  EXPECT_TRUE(s.closed());
  EXPECT_EQ(closed, 1);
}

TEST(Sse, ResponseCarriesTheStreamAndHeaders) {
  auto s = std::make_shared<EventStream>();
  auto r = event_stream_response(s);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("content-type"), "text/event-stream; charset=utf-8");
  EXPECT_EQ(*r.header("cache-control"), "no-store");
  EXPECT_EQ(*r.header("x-accel-buffering"), "no");
  EXPECT_EQ(r.stream, s);
}

}  // namespace plumbline::http
