#!/usr/bin/env escript
%% -*- erlang -*-
%% Erlang/OTP megaco as the controller of one whole MSRP session through msrpgw.
%% Usage: escript msrpgw_e2e_mgc.escript MgcPort BPort BPath APath DoneFile
%% Opens MgcPort (UDP), accepts the MG's registration, then sends one Add of two MSRP
%% terminations in a new context: the first for endpoint A (a=path APath, a=setup:active:
%% A connects to msrpgw), the second for endpoint B (listening on 127.0.0.1:BPort,
%% a=path BPath, a=setup:passive: msrpgw connects to it). megaco decodes the reply; the
%% script prints it as
%%   STEP add | ctx=<id> | term=msrp/1 | prop:a=path:<msrpgw's path for A> | ... | term=msrp/2 | ...
%% then waits until DoneFile exists (the test creates it once A and B exchanged their
%% message), Subtracts both terminations and prints
%%   STEP subtract | ctx=<id> | term=msrp/1 | stat:nt/os=<n> | ... | term=msrp/2 | ...
%% and DONE. Exit status 0 unless the MG never registered.
-module(msrpgw_e2e_mgc).
-mode(compile).
-include_lib("megaco/include/megaco.hrl").
-include_lib("megaco/include/megaco_message_v3.hrl").
-export([main/1, handle_connect/3, handle_disconnect/4, handle_syntax_error/4,
         handle_message_error/4, handle_trans_request/4, handle_trans_long_request/4,
         handle_trans_reply/5, handle_trans_ack/5, handle_unexpected_trans/4,
         handle_trans_request_abort/5]).

main([PortStr, BPort, BPath, APath, DoneFile]) ->
    Port = list_to_integer(PortStr),
    ok = megaco:start(),
    Mid = {deviceName, "mgc"},
    ok = megaco:start_user(Mid, [{send_mod, megaco_udp},
                                 {encoding_mod, megaco_pretty_text_encoder},
                                 {encoding_config, []},
                                 {protocol_version, 3},
                                 {user_mod, ?MODULE},
                                 {user_args, [self()]}]),
    RH = megaco:user_info(Mid, receive_handle),
    {ok, Sup} = megaco_udp:start_transport(),
    {ok, _SendHandle, _Ctrl} = megaco_udp:open(Sup, [{port, Port}, {receive_handle, RH}]),
    say("LISTENING ~p", [Port]),
    receive
        {registered, CH, _Version, _Parms} ->
            say("REGISTERED", []),
            timer:sleep(50),  % let megaco send our ServiceChange reply first
            run(CH, BPort, BPath, APath, DoneFile),
            say("DONE", []),
            megaco:stop(),
            halt(0)
    after 30000 ->
        say("NOT REGISTERED", []),
        halt(1)
    end.

say(Fmt, Args) -> io:format(standard_error, Fmt ++ "~n", Args).

termination(Ip, Port, Path, Setup) ->
    "Add = $ { Media { Stream = 1 { LocalControl { Mode = SendReceive }, "
    "Local {\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}, "
    "Remote {\nv=0\nc=IN IP4 " ++ Ip ++ "\nm=message " ++ Port ++ " TCP/MSRP *\n"
    "a=path:" ++ Path ++ "\na=setup:" ++ Setup ++ "\n"
    "a=accept-types:text/plain application/octet-stream\n} } } }".

run(CH, BPort, BPath, APath, DoneFile) ->
    Ctx = step(CH, "add", "Context = $ { " ++ termination("127.0.0.1", "40001", APath, "active")
               ++ ", " ++ termination("127.0.0.1", BPort, BPath, "passive") ++ " }"),
    wait_for(DoneFile, 1200),
    step(CH, "subtract", "Context = " ++ integer_to_list(Ctx) ++ " { Subtract = * }"),
    ok.

wait_for(_File, 0) -> say("NO DONE FILE", []);
wait_for(File, N) ->
    case filelib:is_file(File) of
        true -> ok;
        false -> timer:sleep(100), wait_for(File, N - 1)
    end.

%% One request; prints its STEP line and returns the context id of the first reply.
step(CH, Name, Text) ->
    Reply = megaco:call(CH, list_to_binary(Text), [{request_timer, 5000}]),
    {Items, Ctx} = summary(Reply),
    say("STEP ~s | ~s |", [Name, string:join(Items, " | ")]),
    Ctx.

summary({_V, {ok, ARs}}) when is_list(ARs) ->
    Ctx = case ARs of
              [#'ActionReply'{contextId = C} | _] -> C;
              _ -> undefined
          end,
    {lists:flatmap(fun action/1, ARs), Ctx};
summary({_V, {error, #'ErrorDescriptor'{errorCode = C, errorText = T}}}) ->
    {[io_lib:format("code=~p", [C]), "text=" ++ text(T)], undefined};
summary(Other) ->
    {[lists:flatten(io_lib:format("unexpected=~p", [Other]))], undefined}.

text(asn1_NOVALUE) -> "";
text(T) -> lists:flatten(T).

action(#'ActionReply'{contextId = Ctx} = AR) ->
    [io_lib:format("ctx=~p", [Ctx]) | walk(AR)].

%% Terminations, errors, SDP lines and statistics anywhere in a decoded reply, in order.
walk(#megaco_term_id{id = Id}) ->
    ["term=" ++ string:join(Id, "/")];
walk(#'ErrorDescriptor'{errorCode = C, errorText = T}) ->
    [io_lib:format("code=~p", [C]), "text=" ++ text(T)];
walk(#'PropertyParm'{name = N, value = V}) ->
    ["prop:" ++ N ++ "=" ++ string:join(V, ",")];
walk(#'StatisticsParameter'{statName = N, statValue = V}) ->
    Value = case V of
                asn1_NOVALUE -> "";
                _ -> string:join(V, ",")
            end,
    ["stat:" ++ N ++ "=" ++ Value];
walk(T) when is_tuple(T) -> walk(tuple_to_list(T));
walk(L) when is_list(L) ->
    case io_lib:printable_list(L) of
        true -> [];
        false -> lists:flatmap(fun walk/1, L)
    end;
walk(_) -> [].

%% megaco user callbacks (each gets the user_args, here the main process, last).
handle_connect(_CH, _PV, _Parent) -> ok.
handle_disconnect(_CH, _PV, _Reason, _Parent) -> ok.
handle_syntax_error(_RH, _PV, _ED, _Parent) -> reply.
handle_message_error(_CH, _PV, _ED, _Parent) -> no_reply.

handle_trans_request(CH, PV, [#'ActionRequest'{commandRequests = [#'CommandRequest'{
        command = {serviceChangeReq, #'ServiceChangeRequest'{terminationID = Tids,
                                                             serviceChangeParms = Parms}}}]}],
                     Parent) ->
    Parent ! {registered, CH, PV, Parms},
    Reply = {serviceChangeReply,
             #'ServiceChangeReply'{terminationID = Tids,
                                   serviceChangeResult =
                                       {serviceChangeResParms, #'ServiceChangeResParm'{}}}},
    {discard_ack, [#'ActionReply'{contextId = ?megaco_null_context_id,
                                  commandReply = [Reply]}]};
handle_trans_request(_CH, _PV, ARs, _Parent) ->
    Replies = [#'ActionReply'{contextId = Ctx,
                              commandReply = [notify_reply(C) || C <- Cmds]}
               || #'ActionRequest'{contextId = Ctx, commandRequests = Cmds} <- ARs],
    {discard_ack, Replies}.

notify_reply(#'CommandRequest'{command = {notifyReq, #'NotifyRequest'{terminationID = T}}}) ->
    {notifyReply, #'NotifyReply'{terminationID = T}}.

handle_trans_long_request(_CH, _PV, _Data, _Parent) -> ignore.
handle_trans_reply(_CH, _PV, _Result, _Data, _Parent) -> ok.
handle_trans_ack(_CH, _PV, _Status, _Data, _Parent) -> ok.
handle_unexpected_trans(_CH, _PV, _Trans, _Parent) -> ok.
handle_trans_request_abort(_CH, _PV, _TransNo, _Pid, _Parent) -> ok.
